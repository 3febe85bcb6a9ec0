export * from "./messages";
export * from "./wire";
export * from "./connection";
export * from "./sendQueue";
