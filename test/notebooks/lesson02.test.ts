import { describeLessonRun } from "./lessonRun";

describeLessonRun("02-convolution.ipynb");
