<?php
/**
 * Router for `php -S`: real files are served as they are (or run, if .php); everything else goes to index.php,
 * which gives WordPress pretty permalinks and dotted REST paths that php -S would otherwise answer with its own 404.
 */
$local_wp_path = rawurldecode( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );
$local_wp_file = $_SERVER['DOCUMENT_ROOT'] . $local_wp_path;
if ( '/' !== $local_wp_path && file_exists( $local_wp_file ) && ( is_file( $local_wp_file ) || is_file( rtrim( $local_wp_file, '/' ) . '/index.php' ) ) ) {
	return false;
}
$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $_SERVER['DOCUMENT_ROOT'] . '/index.php';
$_SERVER['PHP_SELF']        = '/index.php';
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
