"""Services of the programmes: importing the programme document (outlines) and publication."""
