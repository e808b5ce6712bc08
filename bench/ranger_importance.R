# R ranger's corrected impurity importance with Janitza p-values for bench/genetics.ts: reads a CSV (column
# "outcome" 0/1, the others doses 0/1/2), fits a classification forest with importance = "impurity_corrected",
# computes importance_pvalues(method = "janitza") and Benjamini–Hochberg q-values, and prints one line per variant:
# name, p-value, q-value (tab-separated).
#
# Usage: Rscript bench/ranger_importance.R <csv> <trees> <seed>
suppressPackageStartupMessages(library(ranger))
args <- commandArgs(trailingOnly = TRUE)
data <- read.csv(args[1], check.names = FALSE)
data$outcome <- factor(data$outcome)
fit <- ranger(dependent.variable.name = "outcome", data = data, num.trees = as.integer(args[2]),
              importance = "impurity_corrected", seed = as.integer(args[3]), num.threads = 1)
p <- importance_pvalues(fit, method = "janitza")[, "pvalue"]
q <- p.adjust(p, method = "BH")
cat(paste(names(p), p, q, sep = "\t"), sep = "\n")
