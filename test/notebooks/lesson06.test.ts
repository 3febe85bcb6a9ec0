import { describeLessonRun } from "./lessonRun";

describeLessonRun("06-nets-as-schemas-and-fine-tuning.ipynb");
