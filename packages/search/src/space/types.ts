/** A categorical choice: recommender spaces mix strings (optimizer), numbers (embedding size) and booleans. */
export type Choice = string | number | boolean;

/** Active only when each named categorical parameter takes one of the listed values. */
export type Condition = Readonly<Record<string, readonly Choice[]>>;

export interface FloatParam {
  readonly type: "float";
  readonly low: number;
  readonly high: number;
  readonly log?: boolean;
  readonly step?: number;
  readonly when?: Condition;
}

export interface IntParam {
  readonly type: "int";
  readonly low: number;
  readonly high: number;
  readonly log?: boolean;
  readonly step?: number;
  readonly when?: Condition;
}

export interface CategoricalParam {
  readonly type: "categorical";
  readonly choices: readonly Choice[];
  readonly when?: Condition;
}

export type ParamDef = FloatParam | IntParam | CategoricalParam;

/** Parameter name -> definition, as written in the study spec. */
export type SearchSpace = Readonly<Record<string, ParamDef>>;

/** One configuration. Inactive conditional parameters are absent. */
export type Params = Record<string, Choice>;
