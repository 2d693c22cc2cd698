// Reading a chart archive (a gzip'd tar) fully in memory, with the path checks and size
// limits of Helm's archive loader (pkg/chart/loader/archive). Nothing is written to disk.
// Knows nothing about Chart.yaml or chart layout: it returns the regular files only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "charts/chart.h"

namespace primer::charts {

/// parity: archive.MaxDecompressedChartSize, the budget for all file data of one archive.
inline constexpr std::int64_t kMaxDecompressedChartSize = 100 * 1024 * 1024;
/// parity: archive.MaxDecompressedFileSize, the largest single file (also for directories).
inline constexpr std::int64_t kMaxDecompressedFileSize = 5 * 1024 * 1024;
/// Not in Helm (which has no limit): the most entries of any kind one archive may hold.
inline constexpr std::size_t kMaxArchiveEntries = 50000;

/// The regular files of the gzip'd tar `bytes`, in archive order, each named relative to the
/// archive's top directory (the first path component of every entry is dropped, as Helm does)
/// with `/` separators and a leading UTF-8 BOM removed from its data. `archive` names the
/// archive in errors. Throws Error naming the archive and the entry for input that is not
/// gzip, a corrupt or truncated stream, an absolute path, a `..` component, a drive letter,
/// a symlink, hard link, device, FIFO or socket, a duplicate entry, too many entries, a file
/// over kMaxDecompressedFileSize, more than kMaxDecompressedChartSize in all, or no files.
std::vector<File> read_chart_archive(std::string_view archive, std::string_view bytes);

/// True when `bytes` starts with the gzip magic and deflate method (Helm's EnsureArchive).
bool looks_like_gzip(std::string_view bytes);

}  // namespace primer::charts
