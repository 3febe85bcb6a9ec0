export * from "./types";
export * from "./multiline";
export * from "./cellIds";
export * from "./coerce";
export * from "./validate";
export * from "./io";
