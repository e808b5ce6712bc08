# R contenders of bench/survival.ts: R ranger's survival forest and R survival's Cox model, cross-validated on the
# folds bench/survival.ts wrote, or (mode "fit") one ranger fit on the whole table for the memory row.
#
# Usage: Rscript bench/survival_contenders.R <dir> <ranger|coxph|fit> <threads> <trees> <seed> <leaf>
# <dir>/data.csv: time, event (1 = event, 0 = censored), then numeric features; <dir>/folds.csv: column "fold",
# each row's held-out fold (0-based); <dir>/times.csv: column "t", the times of the Brier score.
# Writes <dir>/pred-<which>-<threads>.csv: per row (in data.csv order) its out-of-fold risk, then its out-of-fold
# survival at each time of times.csv (the step function's value at the last curve time <= t, 1 before the first).
# Prints one JSON line: fit (wall and CPU) and predict seconds of each fold, curve times of each fold, peak memory
# (VmHWM, MiB), and the wall and CPU seconds of fold 1 fitted once more after the five (warm).
# Risk: ranger's summed cumulative hazard (the "mortality" GenoForest also ranks by), Cox's linear predictor.
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
which <- args[2]
threads <- as.integer(args[3])
trees <- as.integer(args[4])
seed <- as.integer(args[5])
leaf <- as.integer(args[6])
peak <- function() {
  s <- readLines("/proc/self/status")
  as.numeric(sub("[^0-9]*([0-9]+).*", "\\1", s[grepl("^VmHWM", s)])) / 1024
}
data <- read.csv(file.path(dir, "data.csv"))
p <- ncol(data) - 2
# oob: ranger's out-of-bag error (its default). The cross-validated fits leave it out, as GenoForest's folds leave
# out their out-of-bag curves (oobScore false), so that both fits do the same work; the memory row's single fit
# keeps it, as GenoForest's does.
fit_ranger <- function(train, oob = TRUE) {
  ranger::ranger(Surv(time, event) ~ ., data = train, num.trees = trees, num.threads = threads,
                 splitrule = "logrank", min.node.size = leaf, mtry = max(1, floor(sqrt(p))), seed = seed,
                 oob.error = oob)
}
if (which == "fit") {
  # The memory row: one fit on every row, nothing predicted (bench/survival.ts samples this process's memory and
  # may stop it).
  suppressPackageStartupMessages(library(ranger))
  t0 <- proc.time()[["elapsed"]]
  fit <- fit_ranger(data)
  fit_seconds <- proc.time()[["elapsed"]] - t0
  cat(sprintf('{"fitSeconds":[%.6f],"fitCpuSeconds":[],"predictSeconds":[],"gridPoints":[%d],"peakMB":%.1f}\n',
              fit_seconds, length(fit$unique.death.times), peak()))
  quit(save = "no")
}
folds <- read.csv(file.path(dir, "folds.csv"))$fold
times <- read.csv(file.path(dir, "times.csv"))$t
if (length(folds) != nrow(data)) stop("folds.csv and data.csv have different numbers of rows")
at <- function(curve_times, S, t) {
  idx <- findInterval(t, curve_times)
  matrix(sapply(idx, function(k) if (k == 0) rep(1, nrow(S)) else S[, k]), nrow = nrow(S))
}
if (which == "ranger") suppressPackageStartupMessages(library(ranger))
risk <- rep(NA_real_, nrow(data))
surv <- matrix(NA_real_, nrow(data), length(times))
cpu <- function() {
  t <- proc.time()
  t[["user.self"]] + t[["sys.self"]]
}
fit_s <- c()
cpu_s <- c()
pred_s <- c()
grid <- c()
for (k in sort(unique(folds))) {
  train <- data[folds != k, ]
  test <- data[folds == k, ]
  t0 <- proc.time()[["elapsed"]]
  c0 <- cpu()
  if (which == "ranger") {
    fit <- fit_ranger(train, oob = FALSE)
  } else {
    fit <- coxph(Surv(time, event) ~ ., data = train, ties = "efron")
  }
  fit_s <- c(fit_s, proc.time()[["elapsed"]] - t0)
  cpu_s <- c(cpu_s, cpu() - c0)
  t0 <- proc.time()[["elapsed"]]
  if (which == "ranger") {
    pr <- predict(fit, data = test, num.threads = threads)
    r <- rowSums(pr$chf)
    S <- at(pr$unique.death.times, pr$survival, times)
    grid <- c(grid, length(pr$unique.death.times))
  } else {
    r <- predict(fit, newdata = test, type = "lp")
    sf <- survfit(fit, newdata = test)
    S <- at(sf$time, t(sf$surv), times)
  }
  pred_s <- c(pred_s, proc.time()[["elapsed"]] - t0)
  risk[folds == k] <- r
  surv[folds == k, ] <- S
}
# The first fold fitted once more, its code loaded and run once (as bench/survival.ts does with GenoForest, whose
# first fold includes V8 compiling it): what a further fit costs.
train <- data[folds != min(folds), ]
t0 <- proc.time()[["elapsed"]]
c0 <- cpu()
if (which == "ranger") {
  fit <- fit_ranger(train, oob = FALSE)
} else {
  fit <- coxph(Surv(time, event) ~ ., data = train, ties = "efron")
}
warm_s <- proc.time()[["elapsed"]] - t0
warm_cpu <- cpu() - c0
out <- cbind(risk = risk, surv)
colnames(out) <- c("risk", paste0("s", seq_along(times)))
write.csv(out, file.path(dir, sprintf("pred-%s-%d.csv", which, threads)), row.names = FALSE)
num <- function(x, d) paste(sprintf(paste0("%.", d, "f"), x), collapse = ",")
cat(sprintf('{"fitSeconds":[%s],"fitCpuSeconds":[%s],"predictSeconds":[%s],"gridPoints":[%s],"peakMB":%.1f,"warmFitSeconds":%.6f,"warmFitCpuSeconds":%.6f}\n',
            num(fit_s, 6), num(cpu_s, 6), num(pred_s, 6), paste(grid, collapse = ","), peak(), warm_s, warm_cpu))
