import { describeLessonRun } from "./lessonRun";

describeLessonRun("04-data-augmentation.ipynb");
