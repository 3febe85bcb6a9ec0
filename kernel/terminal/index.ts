export * from "./terminalText";
