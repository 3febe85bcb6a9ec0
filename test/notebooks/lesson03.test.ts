import { describeLessonRun } from "./lessonRun";

describeLessonRun("03-convolution.ipynb");
