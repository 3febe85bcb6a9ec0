export { isQuick, quickOr } from "./quick";
export { check, LessonCheckError } from "./check";
export { roundToFloat16 } from "./float16";
