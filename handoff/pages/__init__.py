"""Console pages, one module per area; each registers its routes on the shared RouteTable."""
