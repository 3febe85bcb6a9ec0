import { describeLessonRun } from "./lessonRun";

describeLessonRun("02-training-tricks.ipynb");
