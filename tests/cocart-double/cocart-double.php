<?php
/**
 * Plugin Name:       CoCart Store Double (dev and test only)
 * Description:       Stands in for WooCommerce + CoCart where they cannot be installed: CoCart's Sessions API
 * (cocart/v2 sessions, session/<key>, …/items), WooCommerce consumer-key authentication and the wc/v3 system status
 * routes CoCart relies on, with version modes and switchable faults. Never ship it; never run it next to the real
 * CoCart.
 * Version:           0.1.0
 * Requires PHP:      7.4
 * License:           GPL-2.0-or-later
 * Text Domain:       cocart-double
 *
 * Behaves as CoCart's source and a real store do (docs/cocart-api.md in the plugin's repository), warts
 * included. Switches for tests: CoCartDouble\Control (see src/Control.php).
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

define( 'COCART_DOUBLE_FILE', __FILE__ );

require_once __DIR__ . '/src/autoload.php';

// Refuse to activate next to the real CoCart: both would register cocart/v2 and fight over the same table.
register_activation_hook( __FILE__, array( \CoCartDouble\Plugin::class, 'on_activation' ) );

if ( \CoCartDouble\Plugin::real_cocart_is_active() ) {
	add_action( 'admin_notices', array( \CoCartDouble\Plugin::class, 'conflict_notice' ) );
	return;
}

\CoCartDouble\Plugin::boot();
