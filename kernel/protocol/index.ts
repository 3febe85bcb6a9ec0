export * from "./messages";
export * from "./wire";
export * from "./connection";
export * from "./sendQueue";
export * from "./requests";
export * from "./parseRequest";
