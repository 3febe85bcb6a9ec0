/**
 * nnlab's public face: everything a lesson, a script or the kernel imports comes from here.
 */
import * as tf from "@tensorflow/tfjs-core";

export { tf };
export * from "./errors";
export * from "./backend";
export * from "./conv";
export * from "./layers";
export * from "./functions";
export * from "./viz";
export * from "./display";
export * from "./optimizers";
export * from "./nets";
export * from "./train";
export * from "./random";
export * from "./init";
export * from "./data";
export * from "./params";
export * from "./lesson";
export * from "./profile";
export * from "./parallel";
export * from "./schema";
