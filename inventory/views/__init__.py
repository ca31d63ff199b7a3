"""Pages of the inventory app, split by kind: catalogue, reports, stock forms, requisitions, exports."""
