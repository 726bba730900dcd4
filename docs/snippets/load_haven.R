# Load an eventcode dataset into R from its Stata files (--format dta) with haven.
library(haven)

output <- "output"  # the folder given to `eventcode code --out`

# Stata has no missing text: turn "" back into NA. Codes stay text ("043"), dates are dates.
read_eventcode <- function(table) {
  frame <- read_dta(file.path(output, paste0(table, ".dta")))
  frame[] <- lapply(frame, function(x) if (is.character(x)) replace(x, x == "", NA) else x)
  frame
}

events <- read_eventcode("events")
mentions <- read_eventcode("mentions")
documents <- read_eventcode("documents")

# quad_class, geo_precision, acled_inter1 and acled_inter2 carry value labels:
# as_factor(events$quad_class) gives their names, zap_labels(events) plain numbers.
