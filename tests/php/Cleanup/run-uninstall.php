<?php
/**
 * Runs the plugin's uninstall.php the way WordPress does (WP_UNINSTALL_PLUGIN defined, WordPress loaded), in a
 * process of its own, on the database named by WP_DB_NAME. Used by UninstallTest. argv[1]: the WordPress core dir.
 */

declare(strict_types=1);

$_SERVER += array(
	'HTTP_HOST'   => '127.0.0.1',
	'SERVER_NAME' => '127.0.0.1',
	'SERVER_PORT' => '80',
	'REQUEST_URI' => '/',
);
define( 'WP_USE_THEMES', false );
require $argv[1] . '/wp-load.php';
define( 'WP_UNINSTALL_PLUGIN', 'cart-sessions-for-cocart/plugin.php' );
include dirname( __DIR__, 3 ) . '/uninstall.php';
echo "uninstalled\n";
