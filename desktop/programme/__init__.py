"""The province's yearly work programme as data, and the engine that measures progress against it."""
