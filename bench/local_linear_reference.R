# The local linear correction of the causal forest solved in plain R from the forest weights GenoForest exported
# (bench/localLinearReference.ts writes the input): for each target x, the weighted ridge regression of the outcome
# residual y − m̂ on z = (1, X − x, w − ê, (w − ê)·(X − x)) over the correction columns X, with weights α_i(x) and
# λ · trace(M)/dim added to the diagonal of M = Σ α z zᵀ except the intercept's and the treatment's (grf's
# LLCausalPredictionStrategy, "standard ridge penalty"); the effect is the coefficient of w − ê. Solved twice, by
# solve() on the normal equations and by lm.wfit (QR) on the rows augmented with the ridge's pseudo-observations, so
# a difference between the two shows R's own rounding.
#
# Usage: Rscript bench/local_linear_reference.R <input.json> <output.tsv>
# Output: one line per case and target: case index, target index (both 0-based), effect (normal equations), effect
# (QR), written with 17 significant digits.
suppressPackageStartupMessages(library(jsonlite))
args <- commandArgs(trailingOnly = TRUE)
input <- fromJSON(args[1], simplifyVector = FALSE)
out <- file(args[2], "w")
writeLines("case\ttarget\tnormal\tqr", out)
for (ci in seq_along(input$cases)) {
  cs <- input$cases[[ci]]
  y <- as.numeric(unlist(cs$yRes))
  w <- as.numeric(unlist(cs$wRes))
  C <- do.call(cbind, lapply(cs$columns, function(col) as.numeric(unlist(col))))
  k <- ncol(C)
  lambda <- as.numeric(cs$lambda)
  ti <- k + 2
  for (ti_target in seq_along(cs$targets)) {
    t <- cs$targets[[ti_target]]
    idx <- as.integer(unlist(t$index)) + 1L
    a <- as.numeric(unlist(t$weight))
    x0 <- as.numeric(unlist(t$x0))
    D <- sweep(C[idx, , drop = FALSE], 2, x0)
    Z <- cbind(1, D, w[idx], w[idx] * D)
    dim <- ncol(Z)
    M <- crossprod(Z, a * Z)
    pen <- rep(lambda * sum(diag(M)) / dim, dim)
    pen[c(1, ti)] <- 0
    theta <- solve(M + diag(pen), crossprod(Z, a * y[idx]))
    penalised <- which(pen > 0)
    Zaug <- rbind(Z, diag(sqrt(pen))[penalised, , drop = FALSE])
    fit <- lm.wfit(Zaug, c(y[idx], rep(0, length(penalised))), c(a, rep(1, length(penalised))))
    writeLines(sprintf("%d\t%d\t%.17g\t%.17g", ci - 1L, ti_target - 1L, theta[ti], fit$coefficients[ti]), out)
  }
}
close(out)
