# grf's multi_arm_causal_forest on the three-arm cohort of bench/multiArm.ts (its defaults: 2,000 trees, its own
# Y.hat and probability-forest W.hat, one thread) beside GenoForest's joint forest from the CLI's JSON: each arm's
# AIPW average with its SE, the correlation of the per-patient effects, their RMSE against the truth, the mean
# standard error and the coverage of the 95 % intervals.
#
# Usage: Rscript bench/multi_arm_grf.R <dir> <seed>   (after the two commands in bench/multiArm.ts)
suppressPackageStartupMessages({
  library(grf)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
seed <- as.integer(args[2])
d <- read.csv(file.path(dir, sprintf("arms-%d.csv", seed)))
truth <- read.csv(file.path(dir, sprintf("arms-%d-truth.csv", seed)))
ours <- fromJSON(file.path(dir, sprintf("arms-%d-ours.json", seed)))
X <- as.matrix(d[, paste0("x", 1:10)])
Y <- as.numeric(d$outcome == "yes")
W <- factor(d$drug, levels = c("ctrl", "B", "C"))
start <- Sys.time()
f <- multi_arm_causal_forest(X, Y, W, num.trees = 2000, seed = 1, num.threads = 1)
secs <- as.numeric(Sys.time() - start, units = "secs")
p <- predict(f, estimate.variance = TRUE)
tau <- p$predictions[, , 1]
se <- sqrt(p$variance.estimates)
ate <- average_treatment_effect(f)
cat(sprintf("grf %s: %.1f s on one thread; GenoForest: %.1f s\n\n", packageVersion("grf"), secs, ours$seconds))
cat("| arm | ATE ± SE grf | ATE ± SE ours | cor(τ̂) | RMSE grf | RMSE ours | mean SE grf | mean SE ours | coverage grf | coverage ours |\n")
cat("|---|---|---|---|---|---|---|---|---|---|\n")
for (k in 1:2) {
  o <- ours$arms$rows[[k]]
  t <- truth[[k]]
  cat(sprintf("| %s | %.3f ± %.3f | %.3f ± %.3f | %.3f | %.4f | %.4f | %.4f | %.4f | %.3f | %.3f |\n",
    ours$arms$arm[k], ate[k, 1], ate[k, 2], ours$arms$ate$estimate[k], ours$arms$ate$standardError[k],
    cor(tau[, k], o$effect), sqrt(mean((tau[, k] - t)^2)), sqrt(mean((o$effect - t)^2)),
    mean(se[, k]), mean(o$standardError),
    mean(abs(tau[, k] - t) <= 1.959964 * se[, k]), mean(o$lower <= t & t <= o$upper)))
}
