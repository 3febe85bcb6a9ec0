export { isQuick, quickOr } from "./quick";
export { check, LessonCheckError } from "./check";
