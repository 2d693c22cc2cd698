#include "value/value.h"
