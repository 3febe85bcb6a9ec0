import { describeLessonRun } from "./lessonRun";

describeLessonRun("01-backprop.ipynb");
