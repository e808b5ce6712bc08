# grf's causal_survival_forest on the cohorts bench/survivalEffect.ts writes (DIR/survival-<seed>.csv: x1..x5, w,
# time, event, tau): target "survival.probability" at the horizon, grf's defaults otherwise, the given trees and seed.
# Writes DIR/grf-<seed>.csv (per patient, out of bag: tau.hat, se) and DIR/grf-<seed>-ate.csv (AIPW average effect).
#
# Usage: Rscript bench/grf_survival_effect.R <dir> <seeds, comma-separated> <horizon> [trees]
suppressPackageStartupMessages(library(grf))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
seeds <- as.integer(strsplit(args[2], ",")[[1]])
horizon <- as.numeric(args[3])
trees <- if (length(args) >= 4) as.integer(args[4]) else 2000L
cat(sprintf("grf %s\n", packageVersion("grf")))
for (seed in seeds) {
  d <- read.csv(file.path(dir, sprintf("survival-%d.csv", seed)))
  X <- as.matrix(d[, grep("^x", names(d))])
  start <- proc.time()[["elapsed"]]
  csf <- causal_survival_forest(X, d$time, d$w, d$event, target = "survival.probability",
                                horizon = horizon, num.trees = trees, seed = seed)
  p <- predict(csf, estimate.variance = TRUE)
  ate <- average_treatment_effect(csf)
  secs <- proc.time()[["elapsed"]] - start
  write.csv(data.frame(tau = p$predictions, se = sqrt(p$variance.estimates)),
            file.path(dir, sprintf("grf-%d.csv", seed)), row.names = FALSE)
  write.csv(data.frame(estimate = ate[["estimate"]], se = ate[["std.err"]], seconds = secs),
            file.path(dir, sprintf("grf-%d-ate.csv", seed)), row.names = FALSE)
  cat(sprintf("seed %d: ATE %.4f (SE %.4f), %.1f s\n", seed, ate[["estimate"]], ate[["std.err"]], secs))
}
