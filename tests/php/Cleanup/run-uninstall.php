<?php
/**
 * Runs the plugin's uninstall.php the way WordPress does (WP_UNINSTALL_PLUGIN defined, WordPress loaded), in a
 * process of its own, on the database named by WP_DB_NAME. Used by UninstallTest. argv[1]: the WordPress core dir.
 */

declare(strict_types=1);

$core = $argv[1];
require dirname( __DIR__ ) . '/load-wordpress.php';
define( 'WP_UNINSTALL_PLUGIN', 'cart-sessions-for-cocart/plugin.php' );
include dirname( __DIR__, 3 ) . '/uninstall.php';
echo "uninstalled\n";
