<?php
/**
 * Command line for the store double on a bin/local-wp site (no wp-cli here).
 *
 *   php tests/cocart-double/cli.php <core dir> <site url> seed [--count=500] [--seed=1] [--append]
 * php tests/cocart-double/cli.php <core dir> <site url> create-key [--user=admin] [--permissions=read_write]
 * [--description=…]
 *   php tests/cocart-double/cli.php <core dir> <site url> mode [4.3.6|4.2.0|4.7.0|4.8.0|documented]
 *   php tests/cocart-double/cli.php <core dir> <site url> reset
 *   php tests/cocart-double/cli.php <core dir> <site url> in-process on|off
 *   php tests/cocart-double/cli.php <core dir> <site url> carts
 *   php tests/cocart-double/cli.php <core dir> <site url> faults ['{"list_oom_above":100}']
 *   php tests/cocart-double/cli.php <core dir> <site url> add-cart (--key=t_… | --user=<login>) [--items=16:2,17:1]
 *       [--email=…] [--name="First Last"] [--expires-in=<seconds; negative: expired>] [--source=cocart]
 *
 * `faults` replaces the fault and cost settings (Control::FAULT_DEFAULTS names; unnamed ones get their defaults)
 * with the JSON object given, then prints them; with no argument it only prints them.
 *
 * `add-cart` stores one cart as WooCommerce writes it (replacing a cart with that key) and prints its key; --user
 * keys it by that user's ID, as a registered customer's cart is.
 *
 * `carts` prints every cart as a JSON array of {key, name, email, created, expiry (unix), source, item_count,
 * total (decimal string)}: what the store holds, for end-to-end tests to compare the admin screen with.
 *
 * The database is the site's own, or WP_DB_NAME from the environment. create-key prints the new key pair to
 * stdout, once: it is meant for a terminal, never for a log file.
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

if ( PHP_SAPI !== 'cli' || $argc < 4 ) {
	fwrite( STDERR, "usage: php cli.php <core dir> <site url> seed|create-key|mode|reset [options]\n" );
	exit( 2 );
}
$cocart_double_url = parse_url( $argv[2] );
$_SERVER          += array(
	'HTTP_HOST'   => $cocart_double_url['host'] . ':' . ( $cocart_double_url['port'] ?? 80 ),
	'SERVER_NAME' => $cocart_double_url['host'],
	'SERVER_PORT' => (string) ( $cocart_double_url['port'] ?? 80 ),
	'REQUEST_URI' => '/',
);
$cocart_double_cmd  = $argv[3];
$cocart_double_opts = array();
foreach ( array_slice( $argv, 4 ) as $cocart_double_arg ) {
	if ( preg_match( '/^--([a-z-]+)(?:=(.*))?$/', $cocart_double_arg, $m ) ) {
		$cocart_double_opts[ $m[1] ] = $m[2] ?? true;
	} else {
		$cocart_double_opts['_'][] = $cocart_double_arg;
	}
}
define( 'WP_USE_THEMES', false );
require $argv[1] . '/wp-load.php';

if ( ! class_exists( \CoCartDouble\Control::class ) ) {
	fwrite( STDERR, "The CoCart store double is not active on this site.\n" );
	exit( 1 );
}
\CoCartDouble\Schema::maybe_install();

switch ( $cocart_double_cmd ) {
	case 'seed':
		$cocart_double_r = \CoCartDouble\Control::seed(
			(int) ( $cocart_double_opts['count'] ?? 500 ),
			(int) ( $cocart_double_opts['seed'] ?? 1 ),
			null,
			empty( $cocart_double_opts['append'] )
		);
		printf(
			"seeded %d carts (seed %d) in %.2f s\n",
			$cocart_double_r['inserted'],
			$cocart_double_r['seed'],
			$cocart_double_r['seconds']
		);
		break;
	case 'create-key':
		$cocart_double_user = get_user_by( 'login', (string) ( $cocart_double_opts['user'] ?? 'admin' ) );
		if ( ! $cocart_double_user ) {
			fwrite( STDERR, "No such user.\n" );
			exit( 1 );
		}
		$cocart_double_desc = (string) ( $cocart_double_opts['description'] ?? 'CoCart double' );
		if ( ! empty( $cocart_double_opts['replace'] ) ) {
			global $wpdb;
			$wpdb->delete(
				\CoCartDouble\Schema::keys_table(),
				array( 'description' => $cocart_double_desc, 'user_id' => $cocart_double_user->ID ),
				array( '%s', '%d' )
			);
		}
		$cocart_double_key = \CoCartDouble\Control::create_key(
			$cocart_double_user->ID,
			(string) ( $cocart_double_opts['permissions'] ?? 'read_write' ),
			$cocart_double_desc
		);
		echo 'consumer_key=' . $cocart_double_key['consumer_key'] . "\n" . 'consumer_secret=' . $cocart_double_key[
			'consumer_secret'
		] . "\n";
		break;
	case 'mode':
		if ( ! empty( $cocart_double_opts['_'][0] ) ) {
			\CoCartDouble\Control::set_mode( (string) $cocart_double_opts['_'][0] );
		}
		echo \CoCartDouble\Control::mode() . "\n";
		break;
	case 'carts':
		global $wpdb;
		$cocart_double_carts = array();
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- table name only.
		$cocart_double_rows = $wpdb->get_results( 'SELECT * FROM ' . \CoCartDouble\Schema::carts_table(), ARRAY_A );
		foreach ( $cocart_double_rows as $cocart_double_row ) {
			$cocart_double_value    = \CoCartDouble\CartData::read(
				(string) $cocart_double_row['cart_value']
			) ?? array();
			$cocart_double_customer = is_array(
				$cocart_double_value['customer']
				?? null
			) ? $cocart_double_value['customer'] : array();
			$cocart_double_totals   = is_array(
				$cocart_double_value['cart_totals']
				?? null
			) ? $cocart_double_value['cart_totals'] : array();
			$cocart_double_carts[]  = array(
				'key'        => $cocart_double_row['cart_key'],
				'name'       => trim(
					( $cocart_double_customer['first_name'] ?? '' )
					. ' '
					. ( $cocart_double_customer['last_name'] ?? '' )
				),
				'email'      => (string) ( $cocart_double_customer['email'] ?? '' ),
				'created'    => (int) $cocart_double_row['cart_created'],
				'expiry'     => (int) $cocart_double_row['cart_expiry'],
				'source'     => $cocart_double_row['cart_source'],
				'item_count' => \CoCartDouble\SessionRoutes::item_count(
					\CoCartDouble\SessionRoutes::cart_of( $cocart_double_value )
				),
				'total'      => number_format( (float) ( $cocart_double_totals['total'] ?? 0 ), 2, '.', '' ),
			);
		}
		echo wp_json_encode( $cocart_double_carts ) . "\n";
		break;
	case 'add-cart':
		global $wpdb;
		if ( isset( $cocart_double_opts['user'] ) ) {
			$cocart_double_user = get_user_by( 'login', (string) $cocart_double_opts['user'] );
			if ( ! $cocart_double_user ) {
				fwrite( STDERR, "No such user.\n" );
				exit( 1 );
			}
			$cocart_double_key = (string) $cocart_double_user->ID;
		} else {
			$cocart_double_key = (string) ( $cocart_double_opts['key'] ?? '' );
		}
		if ( ! preg_match( '/^[A-Za-z0-9_]{1,42}$/', $cocart_double_key ) ) {
			fwrite( STDERR, "add-cart wants --key=<1-42 letters, digits or _> or --user=<login>.\n" );
			exit( 2 );
		}
		$cocart_double_cart = array();
		$cocart_double_lines = array_filter( explode( ',', (string) ( $cocart_double_opts['items'] ?? '' ) ) );
		foreach ( $cocart_double_lines as $cocart_double_line ) {
			$cocart_double_line = array_map( 'intval', explode( ':', $cocart_double_line ) + array( 1 => 1 ) );
			$cocart_double_item = \CoCartDouble\CartData::item( $cocart_double_line[0], $cocart_double_line[1] );

			$cocart_double_cart[ $cocart_double_item['key'] ] = $cocart_double_item;
		}
		$cocart_double_names = explode( ' ', (string) ( $cocart_double_opts['name'] ?? '' ), 2 );
		$cocart_double_value = \CoCartDouble\CartData::write(
			array(
				'cart'                       => $cocart_double_cart,
				'cart_totals'                => \CoCartDouble\CartData::totals( $cocart_double_cart ),
				'applied_coupons'            => array(),
				'coupon_discount_totals'     => array(),
				'coupon_discount_tax_totals' => array(),
				'removed_cart_contents'      => array(),
				'customer'                   => \CoCartDouble\CartData::customer(
					array(
						'first_name' => $cocart_double_names[0],
						'last_name'  => $cocart_double_names[1] ?? '',
						'email'      => (string) ( $cocart_double_opts['email'] ?? '' ),
					)
				),
			)
		);
		$wpdb->replace(
			\CoCartDouble\Schema::carts_table(),
			array(
				'cart_key'     => $cocart_double_key,
				'cart_value'   => $cocart_double_value,
				'cart_created' => time() - HOUR_IN_SECONDS,
				'cart_expiry'  => time() + (int) ( $cocart_double_opts['expires-in'] ?? 2 * DAY_IN_SECONDS ),
				'cart_source'  => (string) ( $cocart_double_opts['source'] ?? 'cocart' ),
				'cart_hash'    => '',
			)
		);
		echo $cocart_double_key . "\n";
		break;
	case 'faults':
		if ( isset( $cocart_double_opts['_'][0] ) ) {
			$cocart_double_faults = json_decode( (string) $cocart_double_opts['_'][0], true );
			if ( ! is_array( $cocart_double_faults ) ) {
				fwrite( STDERR, "faults wants a JSON object, such as '{\"list_oom_above\":100}'.\n" );
				exit( 2 );
			}
			\CoCartDouble\Control::set_faults( $cocart_double_faults );
		}
		echo wp_json_encode( \CoCartDouble\Control::faults() ) . "\n";
		break;
	case 'in-process':
		// off: the plugin on this site calls the double over HTTP with a key, as it would a store elsewhere.
		\CoCartDouble\Control::set_in_process( 'off' !== ( $cocart_double_opts['_'][0] ?? 'on' ) );
		echo 'in-process ' . ( \CoCartDouble\Control::in_process() ? 'on' : 'off' ) . "\n";
		break;
	case 'reset':
		\CoCartDouble\Control::reset();
		echo "mode 4.3.6, no faults\n";
		break;
	default:
		fwrite( STDERR, "Unknown command '$cocart_double_cmd'.\n" );
		exit( 2 );
}
