import { describeLessonRun } from "./lessonRun";

describeLessonRun("05-data-augmentation.ipynb");
