# R ranger contender for bench/run.ts: fit a probability forest of 100 trees on a table written by
# bench/data.ts and print one JSON line (fit/predict seconds, peak RSS, test probabilities of class 1).
#
# Usage: Rscript bench/ranger_contender.R <data-dir> <threads> <seed> [sklearn|defaults]
# sklearn (default): settings chosen to match scikit-learn's RandomForestClassifier defaults: 100 trees,
# mtry = floor(sqrt(p)), bootstrap with replacement, fully grown trees (min.node.size = 1), probability output.
# defaults: ranger's own probability forest (probability = TRUE, its defaults: min.node.size 10 for probability
# forests, mtry floor(sqrt(p)), bootstrap with replacement) with 100 trees, as a user of ranger would fit it.
suppressPackageStartupMessages(library(ranger))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
threads <- as.integer(args[2])
seed <- as.integer(args[3])
mode <- if (length(args) >= 4) args[4] else "sklearn"
meta <- readLines(file.path(dir, "meta.json"), warn = FALSE)
n_rows <- as.integer(sub('.*"nRows":([0-9]+).*', "\\1", meta))
n_features <- as.integer(sub('.*"nFeatures":([0-9]+).*', "\\1", meta))
read_bin <- function(name, what, size, n) {
  con <- file(file.path(dir, name), "rb")
  on.exit(close(con))
  readBin(con, what = what, size = size, n = n, endian = "little")
}
# X.f32 is column-major (feature after feature): exactly R's matrix layout.
X <- matrix(read_bin("X.f32", "numeric", 4, n_rows * n_features), nrow = n_rows, ncol = n_features)
y <- read_bin("y.u8", "integer", 1, n_rows)
train <- read_bin("train.i32", "integer", 4, file.info(file.path(dir, "train.i32"))$size / 4) + 1
test <- read_bin("test.i32", "integer", 4, file.info(file.path(dir, "test.i32"))$size / 4) + 1
colnames(X) <- paste0("f", seq_len(n_features))
x_train <- X[train, , drop = FALSE]
x_test <- X[test, , drop = FALSE]
y_train <- factor(y[train], levels = c(0, 1))
t0 <- Sys.time()
c0 <- proc.time()
fit <- if (mode == "defaults") {
  ranger(
    x = x_train, y = y_train, num.trees = 100, probability = TRUE, num.threads = threads, seed = seed,
    verbose = FALSE
  )
} else {
  ranger(
    x = x_train, y = y_train, num.trees = 100, mtry = floor(sqrt(n_features)), min.node.size = 1,
    probability = TRUE, replace = TRUE, num.threads = threads, seed = seed, verbose = FALSE
  )
}
fit_seconds <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
# User + system CPU seconds of this process (its threads included).
c1 <- proc.time() - c0
fit_cpu_seconds <- as.numeric(c1[["user.self"]] + c1[["sys.self"]])
t0 <- Sys.time()
proba <- predict(fit, data = x_test, num.threads = threads)$predictions[, "1"]
predict_seconds <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
status <- readLines("/proc/self/status")
hwm_kib <- as.numeric(gsub("[^0-9]", "", status[grepl("^VmHWM", status)]))
cat(sprintf(
  '{"fitSeconds":%.6f,"fitCpuSeconds":%.6f,"predictSeconds":%.6f,"peakRssMB":%.3f,"proba":[%s]}\n',
  fit_seconds, fit_cpu_seconds, predict_seconds, hwm_kib / 1024, paste(sprintf("%.6f", proba), collapse = ",")
))
