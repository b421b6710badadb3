"""The job that rebuilds the fact tables from the other parts of Lika."""
