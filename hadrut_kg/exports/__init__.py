"""What the built dataset is turned into for other tools: GeoJSON, Linked Places, CSV tables (neutralised for
spreadsheets), the map and the chronology chart. Reads through `queries`; may import it and `vocabulary`."""
