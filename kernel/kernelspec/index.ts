export {
  installKernelspec,
  uninstallKernelspec,
  listKernelspecs,
  kernelJson,
  kernelsDir,
  KERNEL_NAME,
  type InstallLocation,
} from "./installKernelspec";
export { writeLogos, logoPng, LOGO_SVG } from "./logo";
export {
  jupyterDataDir,
  jupyterDataDirs,
  kernelSearchDirs,
  nodePrefix,
  systemDataDirs,
  type JupyterDataDir,
  type JupyterDirSource,
} from "./jupyterPaths";
