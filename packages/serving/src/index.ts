export {
  ChampionModels,
  ServingError,
  type RecommendRequest,
  type Recommendations,
  type ServingReads,
} from "./champion-models.js";
export { topK } from "./top-k.js";
