export { lessonsCommand } from "./lessonsCommand";
export { notebookCommand } from "./notebookCommand";
