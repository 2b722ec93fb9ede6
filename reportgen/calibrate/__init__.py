"""`reportgen calibrate` (docs/calibration.md): measure how each renderer places
this machine's faces. `measure.py` lays out, renders and solves; `read.py` reads
positions back; `probe.py` is the report it measures; `libreoffice.py` converts
DOCX files with LibreOffice, many in one run; `cli.py` is the command. Nothing is
imported here, so the command line's parser stays light."""
