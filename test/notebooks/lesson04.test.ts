import { describeLessonRun } from "./lessonRun";

describeLessonRun("04-deepconvnet.ipynb");
