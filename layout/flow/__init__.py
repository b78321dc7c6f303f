"""Page layout: grid, blocks, headlines, boxes, continuation -> plain page data."""
