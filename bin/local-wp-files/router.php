<?php
/**
 * Router for `php -S`: real files are served as they are (or run, if .php); everything else goes to index.php,
 * which gives WordPress pretty permalinks and dotted REST paths that php -S would otherwise answer with its own 404.
 *
 * Static files get what nginx and Apache send by default and php -S does not: Last-Modified and an ETag, and a
 * 304 for a conditional request that still matches. Without them the browser downloads every script and
 * stylesheet again on each page load, which no real site makes it do (and the benchmark's page loads would
 * measure this server, not WordPress).
 */
$local_wp_path = rawurldecode( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );
$local_wp_file = $_SERVER['DOCUMENT_ROOT'] . $local_wp_path;
if (
	'/' !== $local_wp_path
	&& file_exists( $local_wp_file )
	&& ( is_file( $local_wp_file ) || is_file( rtrim( $local_wp_file, '/' ) . '/index.php' ) )
) {
	return local_wp_serve_static( $local_wp_file );
}
$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $_SERVER['DOCUMENT_ROOT'] . '/index.php';
$_SERVER['PHP_SELF']        = '/index.php';
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';

/**
 * Serves a static file with validators, or returns false to let php -S handle it (PHP files, directories,
 * types not listed here).
 */
function local_wp_serve_static( string $file ): bool {
	$types = array(
		'css'   => 'text/css; charset=UTF-8',
		'js'    => 'application/javascript; charset=UTF-8',
		'json'  => 'application/json',
		'map'   => 'application/json',
		'svg'   => 'image/svg+xml',
		'png'   => 'image/png',
		'gif'   => 'image/gif',
		'jpg'   => 'image/jpeg',
		'jpeg'  => 'image/jpeg',
		'webp'  => 'image/webp',
		'ico'   => 'image/x-icon',
		'woff'  => 'font/woff',
		'woff2' => 'font/woff2',
		'ttf'   => 'font/ttf',
	);
	$extension = strtolower( pathinfo( $file, PATHINFO_EXTENSION ) );
	if (
		! is_file( $file )
		|| ! isset( $types[ $extension ] )
		|| ! in_array( $_SERVER['REQUEST_METHOD'], array( 'GET', 'HEAD' ), true )
	) {
		return false;
	}
	$modified = (int) filemtime( $file );
	$size     = (int) filesize( $file );
	$etag     = sprintf( '"%x-%x"', $modified, $size ); // nginx's own format: mtime-size.
	header( 'Last-Modified: ' . gmdate( 'D, d M Y H:i:s', $modified ) . ' GMT' );
	header( 'ETag: ' . $etag );
	$if_none_match     = $_SERVER['HTTP_IF_NONE_MATCH'] ?? null;
	$if_modified_since = isset(
		$_SERVER['HTTP_IF_MODIFIED_SINCE']
	) ? strtotime( $_SERVER['HTTP_IF_MODIFIED_SINCE'] ) : false;
	if (
		null !== $if_none_match ? trim( $if_none_match ) === $etag : (
			false !== $if_modified_since
			&& $if_modified_since >= $modified
		)
	) {
		http_response_code( 304 );
		return true;
	}
	header( 'Content-Type: ' . $types[ $extension ] );
	header( 'Content-Length: ' . $size );
	if ( 'HEAD' !== $_SERVER['REQUEST_METHOD'] ) {
		readfile( $file );
	}
	return true;
}
