export * from "./types";
export * from "./multiline";
export * from "./cellIds";
export * from "./validate";
export * from "./io";
