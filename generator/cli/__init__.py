"""The `zv` command line. Empty on purpose: the quick path (quick.py) imports this
package without Click."""
