import { describeLessonRun } from "./lessonRun";

describeLessonRun("03-deepconvnet.ipynb");
