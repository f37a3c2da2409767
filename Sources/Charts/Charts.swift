// Placeholder until the module's first real code lands.
