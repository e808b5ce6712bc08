# grf's RATE with sample weights on the cohorts bench/rateWeights.ts writes (DIR/rate-<seed>.csv: y, w, g (censoring
# weight), x1..x5, prio, score: the patients whose status at the horizon is known, and GenoForest's priorities and
# doubly robust scores). Per seed: (1) rank_average_treatment_effect.fit on GenoForest's own priorities and scores
# with sample.weights g (the same AUTOC to rounding is expected); (2) grf end to end: causal_forest with
# sample.weights g, priorities cross-fitted on two halves, rank_average_treatment_effect of the full forest.
# Writes DIR/grf-rate-<seed>.csv: fitAutoc, fitToc (q = 0.1 .. 1, space-separated), rate, se.
#
# Usage: Rscript bench/grf_rate_weights.R <dir> <seeds, comma-separated>
suppressPackageStartupMessages(library(grf))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
seeds <- as.integer(strsplit(args[2], ",")[[1]])
for (seed in seeds) {
  d <- read.csv(file.path(dir, sprintf("rate-%d.csv", seed)))
  q <- seq(0.1, 1, by = 0.1)
  fit <- rank_average_treatment_effect.fit(d$score, d$prio, sample.weights = d$g, q = q)
  X <- as.matrix(d[, grep("^x", names(d))])
  set.seed(seed)
  fold <- sample(rep(1:2, length.out = nrow(d)))
  prio <- numeric(nrow(d))
  for (k in 1:2) {
    tr <- fold != k
    cf <- causal_forest(X[tr, ], d$y[tr], d$w[tr], sample.weights = d$g[tr], num.trees = 1000, seed = seed)
    prio[!tr] <- predict(cf, X[!tr, ])$predictions
  }
  cf <- causal_forest(X, d$y, d$w, sample.weights = d$g, num.trees = 2000, seed = seed)
  r <- rank_average_treatment_effect(cf, prio)
  write.csv(data.frame(fitAutoc = sprintf("%.17g", fit$estimate),
                       fitToc = paste(sprintf("%.17g", fit$TOC$estimate), collapse = " "),
                       rate = r$estimate, se = r$std.err),
            file.path(dir, sprintf("grf-rate-%d.csv", seed)), row.names = FALSE)
}
