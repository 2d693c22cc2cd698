#include <gtest/gtest.h>

#include "value/value.h"
