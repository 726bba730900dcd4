# Load an eventcode dataset into R from CSV with readr.
library(readr)

output <- "output"  # the folder given to `eventcode code --out`

# Codes stay text ("043"), dates are dates, counts are integers (docs/codebook.md).
# na = "": only an empty cell is missing; trim_ws = FALSE keeps texts as written.
read_eventcode <- function(table, types) {
  read_csv(file.path(output, paste0(table, ".csv")), col_types = types, na = "", trim_ws = FALSE)
}

events <- read_eventcode("events", cols(
  .default = col_character(),
  event_date = col_date("%Y-%m-%d"),
  quad_class = col_integer(),
  goldstein = col_double(),
  acled_inter1 = col_integer(),
  acled_inter2 = col_integer(),
  acled_interaction = col_integer(),
  latitude = col_double(),
  longitude = col_double(),
  geo_precision = col_integer(),
  geonames_id = col_integer(),
  fatalities = col_integer(),
  injuries = col_integer(),
  num_mentions = col_integer(),
  num_documents = col_integer()
))
mentions <- read_eventcode("mentions", cols(
  .default = col_character(),
  sentence_index = col_integer(),
  sentence_start = col_integer(),
  sentence_end = col_integer()
))
documents <- read_eventcode("documents", cols(
  .default = col_character(),
  doc_date = col_date("%Y-%m-%d"),
  n_sentences = col_integer(),
  n_mentions = col_integer()
))

# Each mention with its event:
mentions_with_events <- merge(mentions, events, by = "event_id", all.x = TRUE, suffixes = c("", "_event"))
