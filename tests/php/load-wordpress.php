<?php
/**
 * Loads the test site's WordPress in a child PHP process (the database comes from WP_DB_NAME, which the PHPUnit
 * bootstrap exports). For scripts that need a WordPress of their own: run-uninstall.php, outbound-child.php.
 *
 * @param string $core The WordPress core directory.
 */

declare(strict_types=1);

$_SERVER += array(
	'HTTP_HOST'   => '127.0.0.1',
	'SERVER_NAME' => '127.0.0.1',
	'SERVER_PORT' => '80',
	'REQUEST_URI' => '/',
);
define( 'WP_USE_THEMES', false );
require $core . '/wp-load.php';
