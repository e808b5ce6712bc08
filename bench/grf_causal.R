# grf itself on the cohorts of bench/causal.ts (written by `npx tsx bench/causal.ts --export DIR ...`): for each
# design and seed, grf's causal_forest with its defaults (2,000 trees, its own regression forests for Y.hat and
# W.hat), then the same figures bench/causal.ts prints for ours: coverage of the per-patient 95 % intervals out of bag
# and on the fresh patients, RMSE on the fresh patients, the AIPW average effect and the calibration test.
#
# Usage: Rscript bench/grf_causal.R <dir> <designs, comma-separated> <seeds, comma-separated> [trees]
suppressPackageStartupMessages(library(grf))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
designs <- strsplit(args[2], ",")[[1]]
seeds <- as.integer(strsplit(args[3], ",")[[1]])
trees <- if (length(args) >= 4) as.integer(args[4]) else 2000L
cat(sprintf("grf %s, causal_forest defaults, %d trees\n\n", packageVersion("grf"), trees))
cat("| design | seed | coverage (OOB) | coverage (fresh) | RMSE | ATE ± SE | truth | covers | differential (p) |\n")
cat("|---|---|---|---|---|---|---|---|---|\n")
for (design in designs) {
  for (seed in seeds) {
    train <- read.csv(file.path(dir, sprintf("%s-%d-train.csv", design, seed)))
    test <- read.csv(file.path(dir, sprintf("%s-%d-test.csv", design, seed)))
    xcols <- grep("^x", names(train))
    X <- as.matrix(train[, xcols])
    cf <- causal_forest(X, train$y, train$w, num.trees = trees, seed = seed)
    oob <- predict(cf, estimate.variance = TRUE)
    covers <- function(p, tau) {
      se <- sqrt(p$variance.estimates)
      mean(p$predictions - 1.959964 * se <= tau & tau <= p$predictions + 1.959964 * se)
    }
    fresh <- predict(cf, as.matrix(test[, xcols]), estimate.variance = TRUE)
    ate <- average_treatment_effect(cf)
    truth <- mean(train$tau)
    cal <- test_calibration(cf)
    cat(sprintf(
      "| %s | %d | %.3f | %.3f | %.3f | %.3f ± %.3f | %.3f | %s | %.2f (%.2g) |\n",
      design, seed, covers(oob, train$tau), covers(fresh, test$tau),
      sqrt(mean((fresh$predictions - test$tau)^2)), ate[["estimate"]], ate[["std.err"]], truth,
      if (abs(ate[["estimate"]] - truth) <= 1.959964 * ate[["std.err"]]) "yes" else "no",
      cal[2, 1], cal[2, 4]
    ))
  }
}
