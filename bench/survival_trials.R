# Real censored cohorts with a treatment column, from R's survival package (Debian r-cran-survival; LGPL), for
# bench/survivalEffectReal.ts: writes DIR/<name>.csv (the features, w = 1 treated / 0 comparison, time, status), the
# unadjusted Kaplan–Meier difference at the horizon per cohort (DIR/<name>-km.csv) and, when R has grf, grf's
# causal_survival_forest (target "survival.probability" at the horizon; W.hat = the treated share for the randomised
# trial): out-of-bag effects with standard errors (DIR/grf-<name>.csv) its AIPW average effect and the overlap-weighted
# average of its doubly robust scores (DIR/grf-<name>-ate.csv).
#
#   colon      NCCTG/Moertel 1990 adjuvant trial, deaths (etype 2), levamisole + 5-FU vs observation (randomised)
#   gbsg       German Breast Cancer Study Group 2, recurrence-free survival, hormonal therapy vs none
#   rotterdam  Rotterdam tumour bank, overall survival, chemotherapy vs none (observational)
#
# Usage: Rscript bench/survival_trials.R <dir> <trees> <seed> <horizon>
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
trees <- as.integer(args[2])
seed <- as.integer(args[3])
horizon <- as.numeric(args[4])
has_grf <- requireNamespace("grf", quietly = TRUE)

cohorts <- list()
d <- colon[colon$etype == 2 & colon$rx != "Lev", ]
cohorts$colon <- list(
  x = d[, c("sex", "age", "obstruct", "perfor", "adhere", "nodes", "differ", "extent", "surg", "node4")],
  w = as.integer(d$rx == "Lev+5FU"), time = d$time, status = d$status, randomised = TRUE)
d <- gbsg
cohorts$gbsg <- list(
  x = d[, c("age", "meno", "size", "grade", "nodes", "pgr", "er")],
  w = d$hormon, time = d$rfstime, status = d$status, randomised = FALSE)
d <- rotterdam
cohorts$rotterdam <- list(
  x = data.frame(year = d$year, age = d$age, meno = d$meno, size = as.integer(d$size), grade = d$grade,
                 nodes = d$nodes, pgr = d$pgr, er = d$er, hormon = d$hormon),
  w = d$chemo, time = d$dtime, status = d$death, randomised = FALSE)

for (name in names(cohorts)) {
  c <- cohorts[[name]]
  write.csv(data.frame(c$x, w = c$w, time = c$time, status = c$status), file.path(dir, paste0(name, ".csv")),
            row.names = FALSE, na = "")
  km <- summary(survfit(Surv(c$time, c$status) ~ c$w), times = horizon, extend = TRUE)
  write.csv(data.frame(arm = c(0, 1), surv = km$surv, se = km$std.err),
            file.path(dir, paste0(name, "-km.csv")), row.names = FALSE)
  if (has_grf) {
    X <- as.matrix(c$x)
    start <- proc.time()[["elapsed"]]
    W.hat <- if (c$randomised) rep(mean(c$w), length(c$w)) else NULL
    csf <- grf::causal_survival_forest(X, c$time, c$w, c$status, W.hat = W.hat,
                                       target = "survival.probability", horizon = horizon,
                                       num.trees = trees, seed = seed, num.threads = 1)
    p <- predict(csf, estimate.variance = TRUE)
    ate <- grf::average_treatment_effect(csf)
    # grf implements only target.sample = "all" for this forest: the overlap-weighted average is taken here from its
    # doubly robust scores, weighted by e(x)(1 - e(x)), with the same sandwich standard error as its own averages.
    dr <- grf::get_scores(csf)
    # Patients with a propensity of exactly 0 or 1 weigh nothing (their scores are not numbers: grf divides by it).
    ow <- csf$W.hat * (1 - csf$W.hat)
    keep <- ow > 0
    dr <- dr[keep]
    ow <- ow[keep]
    ato_est <- sum(ow * dr) / sum(ow)
    ato_se <- sqrt(sum((ow * (dr - ato_est))^2)) / sum(ow) * sqrt(length(dr) / (length(dr) - 1))
    secs <- proc.time()[["elapsed"]] - start
    write.csv(data.frame(tau = p$predictions, se = sqrt(p$variance.estimates)),
              file.path(dir, paste0("grf-", name, ".csv")), row.names = FALSE)
    write.csv(data.frame(estimate = ate[["estimate"]], se = ate[["std.err"]], seconds = secs,
                         overlap_estimate = ato_est, overlap_se = ato_se),
              file.path(dir, paste0("grf-", name, "-ate.csv")), row.names = FALSE)
    cat(sprintf("%s: grf ATE %.4f (SE %.4f), %.1f s\n", name, ate[["estimate"]], ate[["std.err"]], secs))
  }
}
cat(if (has_grf) sprintf("grf %s\n", packageVersion("grf")) else "no grf\n")
