/**
 * ioplan's engine: the pure numeric core (linear algebra and input–output analysis). It imports nothing from
 * `node:*`, databases, HTTP or the CLI, so it runs in Node, in a worker and in the browser. This file is the
 * only public surface of the engine.
 */
export {
  IoplanError,
  InvalidValueError,
  DimensionError,
  IndexRangeError,
  SingularMatrixError,
  NotProductiveError,
} from "./errors.ts";

export type { DenseMatrix } from "./linalg/dense.ts";
export {
  denseMatrix,
  identity,
  denseGet,
  denseToRows,
  denseTranspose,
  denseMultiply,
  assertFiniteMatrix,
} from "./linalg/dense.ts";
export type { CscMatrix, CsrMatrix, Triplets, TripletOptions } from "./linalg/sparse.ts";
export { csrFromTriplets, cscFromTriplets, cscToCsr, csrToCsc, nnz } from "./linalg/sparse.ts";
export type { Matrix } from "./linalg/matrix.ts";
export {
  matVec,
  matTVec,
  columnSums,
  rowSums,
  diagonal,
  storedEntries,
  forEachEntry,
  mapEntries,
  entryTriplets,
  toCsr,
  toCsc,
} from "./linalg/matrix.ts";
export type { LuFactorization } from "./linalg/lu.ts";
export { luFactor, luSolve, luSolveTransposed, luInverse } from "./linalg/lu.ts";
export type { LinearOperator, IterativeOptions, IterativeResult, SolveStatus } from "./linalg/operator.ts";
export { gmres } from "./linalg/gmres.ts";
export type { GmresOptions } from "./linalg/gmres.ts";
export { bicgstab } from "./linalg/bicgstab.ts";
export { gaussSeidelLeontief, neumannSeries } from "./linalg/gaussSeidel.ts";
export type { RowView } from "./linalg/gaussSeidel.ts";
export type {
  LeontiefMethod,
  LeontiefSolveOptions,
  LeontiefSolution,
  LeontiefSystem,
  LeontiefSystemOptions,
} from "./linalg/leontiefSystem.ts";
export {
  createLeontiefSystem,
  solveLeontief,
  chooseMethod,
  DENSE_LU_LIMIT,
  COMPILED_FROM,
} from "./linalg/leontiefSystem.ts";
export { identityMinus, relativeResidual } from "./linalg/leontiefMatrix.ts";
export { spectralRadiusBounds, spectralRadius } from "./linalg/spectralRadius.ts";
export type { SpectralRadiusEstimate, SpectralRadius } from "./linalg/spectralRadius.ts";
export { formatSpectralRadius } from "./format/spectralRadius.ts";
export { compensatedSum, compensatedDot, CompensatedAccumulator } from "./linalg/sum.ts";

export { technicalCoefficients, allocationCoefficients, allocationFromTechnical } from "./analysis/coefficients.ts";
export type { CoefficientsResult, CoefficientOptions } from "./analysis/coefficients.ts";
export { leontiefOutputs } from "./analysis/leontief.ts";
export { ghoshOutput, ghoshInverse } from "./analysis/ghosh.ts";
export {
  outputMultipliers,
  satelliteMultipliers,
  typeIRatios,
  typeIIMultipliers,
  closeForHouseholds,
} from "./analysis/multipliers.ts";
export type { MultiplierResult, TypeIIResult } from "./analysis/multipliers.ts";
export { linkages } from "./analysis/linkages.ts";
export type { LinkageResult, KeySectorClass } from "./analysis/linkages.ts";
export { hypotheticalExtraction } from "./analysis/extraction.ts";
export type { ExtractionResult } from "./analysis/extraction.ts";
export { fioHypotheticalExtraction } from "./analysis/extractionFio.ts";
export type { FioExtractionResult } from "./analysis/extractionFio.ts";
export { ANALYSIS_CONVENTIONS } from "./analysis/convention.ts";
export type { AnalysisConvention } from "./analysis/convention.ts";
export { dispersionVariation } from "./analysis/dispersion.ts";
export type { DispersionVariation } from "./analysis/dispersion.ts";
export {
  multiplierProductMatrix,
  multiplierProductEntry,
  largestMultiplierProducts,
} from "./analysis/multiplierProduct.ts";
export type { MultiplierProductMatrix, MatrixEntry } from "./analysis/multiplierProduct.ts";
export { fieldOfInfluence, fieldOfInfluenceEntry, largestInfluences } from "./analysis/fieldOfInfluence.ts";
export type { FieldOfInfluence } from "./analysis/fieldOfInfluence.ts";
export { ras, gras } from "./analysis/ras.ts";
export type { BalancingOptions, BalancingResult } from "./analysis/ras.ts";
export { concordanceFromCodes, aggregateFlows, aggregateRows, aggregateVector } from "./analysis/aggregate.ts";
export type { Concordance } from "./analysis/aggregate.ts";
export { productivityCheck, assertProductive } from "./analysis/productivity.ts";
export type { ProductivityReport } from "./analysis/productivity.ts";
export { industryTechnology } from "./analysis/industryTechnology.ts";
export type { SupplyUseTables, IndustryTable } from "./analysis/industryTechnology.ts";

export type { EconomyModel, Sector } from "./model.ts";
export { totalFinalDemand } from "./model.ts";

export type {
  LinearProgram,
  LpBasis,
  LpSolution,
  LpSolver,
  LpStatus,
  LpMethod,
  LpProgress,
  LpSolveOptions,
  LpName,
} from "./plan/linearProgram.ts";
export { LpBuilder, SIMPLEX_COLUMN_LIMIT, primalViolation, withLpOptions } from "./plan/linearProgram.ts";
export { checkProgram } from "./plan/programCheck.ts";
export { solvePlanProgram } from "./plan/planSolve.ts";
export { solveFromYearStart, splitByYear } from "./plan/yearStart.ts";
export type { YearBlock, YearSplit } from "./plan/yearStart.ts";
export type {
  PlanSpec,
  TargetSpec,
  LimitSpec,
  LimitCeiling,
  FloorSpec,
  CapacitySpec,
  CapitalStocks,
} from "./plan/planSpec.ts";
export { buildPlanProgram } from "./plan/planProgram.ts";
export { fulfilmentOf, HARMONY_BREAKS, HARMONY_PIECES, MAX_FULFILMENT } from "./plan/harmony.ts";
export { RELAXATION_PIECES, RELAXATION_RULE, relaxationPenalty, slackValue } from "./plan/relaxation.ts";
export type { PlanIndex, PlanProgramMode } from "./plan/planProgram.ts";
export type { StockIndex } from "./plan/capitalStocks.ts";
export { checkPlan } from "./plan/planCheck.ts";
export type { PlanCheckResult, Relaxation, ResourceUse } from "./plan/planCheck.ts";
export { optimisePlan } from "./plan/planOptimise.ts";
export type { PlanOptimiseResult, Fulfilment, Bottleneck } from "./plan/planOptimise.ts";
export { bottleneckEffects } from "./plan/bottleneckEffects.ts";
export type { BottleneckEffect, TargetGain } from "./plan/bottleneckEffects.ts";
export { applyShocks, yearShares } from "./plan/scenario.ts";
export type { Shock } from "./plan/scenario.ts";
export { reconcile, DEFAULT_PRECEDENCE, SOURCE_TYPES, precedenceOfTypes } from "./monitor/reconcile.ts";
export type { SourcedFigure, PrecedenceStep, Reconciliation, SourceType } from "./monitor/reconcile.ts";
export { reviewTarget, rollUp, classify, DEFAULT_THRESHOLDS } from "./monitor/fulfilment.ts";
export type {
  ReviewTarget,
  TargetFulfilment,
  YearFulfilment,
  FulfilmentStatus,
  Thresholds,
  RollUp,
} from "./monitor/fulfilment.ts";
export { unitFactor, parseUnit } from "./monitor/units.ts";
export { quickCheck, quickScenario, perUnitOfOutput, importShares } from "./plan/quickCheck.ts";
export type {
  QuickCheckInput,
  QuickCheckResult,
  QuickConstraint,
  QuickScenario,
  QuickControls,
} from "./plan/quickCheck.ts";
export { PDLP_DEFAULT_TOLERANCE, solvePdlp } from "./plan/pdlp.ts";
export type { ArenaCompressed, PdlpOptions, PdlpProducts, PdlpProductsFactory, PdlpProgress } from "./plan/pdlp.ts";
export {
  createSupplyModel,
  rationMixed,
  rationResponses,
  rationingClasses,
  solveSupplyConstrained,
  describeRationing,
  methodForSolves,
} from "./analysis/supplyConstrained.ts";
export type {
  SupplyModel,
  SystemFor,
  SupplyLimits,
  ResourceBudget,
  RationingRule,
  RationedOutput,
  BindingLimit,
  SupplyConstrainedInput,
} from "./analysis/supplyConstrained.ts";
export { explainShortfalls } from "./monitor/counterfactual.ts";
export type {
  Evidence,
  CounterfactualChannel,
  ExplainInput,
  Explanation,
  ExplainedPart,
  ShortfallAccount,
  SectorExplanation,
  WorldRationing,
} from "./monitor/counterfactual.ts";
export { backcastFit, describeFit } from "./monitor/backcast.ts";
export type { Backcast, BackcastPoint, BackcastSeries, SectorBackcast, FitMeasures } from "./monitor/backcast.ts";
export { seededRandom } from "./uncertainty/random.ts";
export type { SeededRandom } from "./uncertainty/random.ts";

export { formatNumber, formatQuantity, formatPercent, formatChange } from "./format/numbers.ts";
export { clip, counted, unitHead } from "./format/text.ts";
export type { ObservationKind, ObservationStatus, ObservationInput, Observation } from "./monitor/observation.ts";
export {
  OBSERVATION_KINDS,
  OBSERVATION_STATUSES,
  PERIOD_FORMS,
  normalisePeriod,
  seriesKey,
  sameFigure,
} from "./monitor/observation.ts";

export type { MrioModel, MrioStressor } from "./mrio/mrioModel.ts";
export { mrioIndex } from "./mrio/mrioModel.ts";
export { mrioFromFlows, assertMrioShape } from "./mrio/mrioFromFlows.ts";
export type { MrioFlows } from "./mrio/mrioFromFlows.ts";
export { createBlockLeontief, BLOCK_LU_LIMIT } from "./mrio/blockLeontief.ts";
export type { BlockLeontief, BlockLeontiefMethod, BlockLeontiefOptions, BlockSolution } from "./mrio/blockLeontief.ts";
export { mrioAccounts, demandByRegion } from "./mrio/mrioAccounts.ts";
export type { MrioAccounts, MrioStressorAccounts, MrioSolveReport } from "./mrio/mrioAccounts.ts";
export { aggregateMrio, ConcordanceError } from "./mrio/aggregateMrio.ts";
export type { MrioConcordance } from "./mrio/aggregateMrio.ts";
export { mrioGrossTrade } from "./mrio/mrioGrossTrade.ts";
export type { MrioGrossTrade } from "./mrio/mrioGrossTrade.ts";
export { interregionalMultipliers } from "./mrio/interregionalMultipliers.ts";
export type { InterregionalMultipliers, RegionSummary } from "./mrio/interregionalMultipliers.ts";
