export { confineDataset, confineToDataRoots, DataRootError } from "./confine.js";
