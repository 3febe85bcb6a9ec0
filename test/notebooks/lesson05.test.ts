import { describeLessonRun } from "./lessonRun";

describeLessonRun("05-training-tricks.ipynb");
