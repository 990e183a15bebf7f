<?php
/**
 * Sends one request through each of the client's two paths (request() and request_many()) in a WordPress of its
 * own, so a test can set outbound constants that cannot be undefined again in the PHPUnit process. Used by
 * OutboundTest. argv: 1 WordPress core dir, 2 store URL, 3 proxy port (0: none), 4 WP_ACCESSIBLE_HOSTS ('' none).
 * Prints one JSON line: {"one": reason or status, "many": [reason or status, ...]}.
 */

declare(strict_types=1);

if ( (int) $argv[3] > 0 ) {
	define( 'WP_PROXY_HOST', '127.0.0.1' );
	define( 'WP_PROXY_PORT', (string) (int) $argv[3] );
}
if ( '' !== $argv[4] ) {
	define( 'WP_ACCESSIBLE_HOSTS', $argv[4] );
}
$core = $argv[1];
require dirname( __DIR__ ) . '/load-wordpress.php';

$store = (string) $argv[2];
// The test's store sits on 127.0.0.2, a loopback address: allowed through core's documented filter.
add_filter(
	'http_request_host_is_external',
	static function ( $external, $host ) {
		return $external || '127.0.0.2' === $host;
	},
	10,
	2
);
$values   = array(
	'COCART_API_URL'         => $store,
	'COCART_CONSUMER_KEY'    => 'ck_' . str_repeat( 'c', 40 ),
	'COCART_CONSUMER_SECRET' => 'cs_' . str_repeat( 'd', 40 ),
);
$settings = new \CartSessions\Credentials\Settings(
	null,
	new \CartSessions\Credentials\Overrides(
		static function ( string $name ) use ( $values ): ?string {
			return $values[ $name ] ?? null;
		},
		static function (): ?string {
			return null;
		}
	)
);
$client   = new \CartSessions\CoCart\Client( $settings, array( 'sleep' => static function (): void {} ) );
$describe = static function ( $answer ) {
	return $answer instanceof WP_Error ? (string) (
		$answer->get_error_data()['reason']
		?? $answer->get_error_code()
	) : $answer->status;
};
$one  = $client->request(
	'GET',
	'cocart/v2/sessions',
	array(),
	array( 'rotate' => false, 'auth' => 'oauth', 'timeout' => 2 )
);
$many = $client->request_many(
	array(
		'a' => array( 'GET', 'cocart/v2/session/a' ),
		'b' => array( 'GET', 'cocart/v2/session/b' ),
	),
	2,
	array( 'timeout' => 2 )
);
echo wp_json_encode(
	array(
		'one'  => $describe( $one ),
		'many' => array_values( array_map( $describe, $many ) ),
	)
), "\n";
